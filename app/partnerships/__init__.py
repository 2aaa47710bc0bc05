"""Partnership board: offers and requests of partnership, explained matching, interest conversations."""
