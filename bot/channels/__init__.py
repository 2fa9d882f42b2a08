"""Rasa input channels of stembot: our REST channel validates and caps input before Rasa sees it."""
