"""stembot: a Dutch (Flemish) STEM study-choice assistant built on Rasa."""
