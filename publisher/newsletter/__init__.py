"""SMTP and what its answers mean, the sending governor, subscriptions and their emails."""
