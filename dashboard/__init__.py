"""Dash dashboard of what Libya's oil blockades cost; reads data/processed, never fits a model."""
