"""mtnorm's German/English term base (being built)."""
