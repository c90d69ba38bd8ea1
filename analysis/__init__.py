"""Load, validate and model Libya's oil blockade data; write the CSV summaries the dashboard shows.

This package never imports Dash: the dashboard reads what it writes.
"""
