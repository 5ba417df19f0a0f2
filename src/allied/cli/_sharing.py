"""``allied sharing``: releasability decisions and the coalition TAXII 2.1 exchange."""

from __future__ import annotations

import typer

from allied.cli._sharing_admin import audit_app, collections_app, users_app
from allied.cli._sharing_decide import decide_command
from allied.cli._sharing_filter import filter_command
from allied.cli._sharing_server import push_command, serve_command

sharing_app = typer.Typer(
    help="Coalition threat-intelligence sharing: decide releasability, run the TAXII 2.1 "
    "exchange, manage its users and verify its audit log.",
    no_args_is_help=True,
)
sharing_app.add_typer(users_app, name="users")
sharing_app.add_typer(collections_app, name="collections")
sharing_app.add_typer(audit_app, name="audit")
sharing_app.command("decide")(decide_command)
sharing_app.command("filter")(filter_command)
sharing_app.command("serve")(serve_command)
sharing_app.command("push")(push_command)
