"""Signals the roster sends to the apps above it, which it cannot import."""

from django.dispatch import Signal

# A deputy's seat ended (deputies.services.seat_ended), sent inside its transaction with
# `deputy`, `day` and `actor`: what an upper app holds only as a deputy (the chair's office,
# elections.congress_services) ends with the seat, in the same transaction.
seat_ended = Signal()
