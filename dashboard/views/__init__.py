"""View models: what each page draws, prepared once per process from the processed tables.

A page module only lays out what its view model holds, and its callbacks only look it up.
"""
