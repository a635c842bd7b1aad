"""Subscribers: subscribe, confirm, change preferences, leave; their emails, pages and commands.

``service``    what a subscriber can do, for the pages and the commands alike
``mail``       sending the queued confirmation emails and "subscribed already" notes
``mail_pump``  the subscription app's background sender of those emails
``pages``      the subscription pages, rendered in the visitor's language
``cli``        ``publisher subscribers ...``
"""
