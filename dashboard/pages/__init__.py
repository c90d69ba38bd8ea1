"""Page modules: each has PAGE, layout(ctx, **query) and optionally register(app, ctx)."""
