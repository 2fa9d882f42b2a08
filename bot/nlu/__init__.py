"""Custom Rasa graph components of stembot."""
