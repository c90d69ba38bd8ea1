"""Page modules: each has PAGE, layout(ctx, **query) and optionally register(app, ctx).

A page lays out what its view model (dashboard/views/) prepared; it opens with
common.page_opening and its callbacks only look up.
"""
