"""`python -m dashboard [--host 127.0.0.1] [--port 8050] [--debug]`: rebuild stale data, serve."""

from __future__ import annotations

import argparse

from werkzeug.serving import WSGIRequestHandler


class QuietHandler(WSGIRequestHandler):
    """Flask's development server without its versions in the Server header."""

    server_version = "server"  # replaces Werkzeug's property (its version), also in the environ

    def version_string(self) -> str:
        return self.server_version  # without " Python/3.x.y"


def main(argv: list[str] | None = None) -> None:
    """Run the pipeline if data/processed is missing or stale, then serve the app."""
    parser = argparse.ArgumentParser(prog="python -m dashboard", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8050)
    parser.add_argument("--debug", action="store_true", help="Dash dev tools (never in production)")
    args = parser.parse_args(argv)

    from dashboard.data import ensure_processed

    ensure_processed()
    from dashboard.app import app

    app.run(host=args.host, port=args.port, debug=args.debug, request_handler=QuietHandler)


if __name__ == "__main__":
    main()
