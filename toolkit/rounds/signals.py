"""Signals for apps above rounds that keep something about a link only while it is unused."""

from django.dispatch import Signal

# Sent inside the submitting transaction when a personal link's answers are sent, with
# `link_id`: whatever is kept to reach the link's respondent (reminders) goes with it, so
# nothing stored says who has answered.
personal_link_used = Signal()
