"""The release as a service: stage an article, render and check each channel, release all or nothing."""
