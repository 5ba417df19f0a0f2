"""``allied sharing``: releasability decisions and the coalition TAXII 2.1 exchange."""

from __future__ import annotations

import typer

from allied.cli._options import command
from allied.cli._sharing_admin import audit_app, collections_app, users_app
from allied.cli._sharing_decide import decide_command
from allied.cli._sharing_filter import filter_command
from allied.cli._sharing_server import push_command, serve_command

sharing_app = typer.Typer(
    help="Coalition threat-intelligence sharing: decide releasability, run the TAXII 2.1 "
    "exchange, manage its users and verify its audit log.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
sharing_app.add_typer(users_app, name="users")
sharing_app.add_typer(collections_app, name="collections")
sharing_app.add_typer(audit_app, name="audit")
command(
    sharing_app,
    "decide",
    'allied sharing decide -m TLP:AMBER -m "SECRET//REL TO FVEY" --to AUS --clearance S '
    "--originator USA",
    'allied sharing decide -m "NATO SECRET//REL TO NATO" --to POL --clearance NS '
    "--originator USA --on 1998-01-01",
)(decide_command)
command(
    sharing_app,
    "filter",
    "allied sharing filter bundle.json --to GBR --clearance S --originator USA --out gbr.json",
    "allied sharing filter bundle.json --to JPN --clearance S --on 2025-01-01",
)(filter_command)
command(
    sharing_app,
    "serve",
    "allied sharing serve --host 127.0.0.1 --port 9000",
    "allied sharing serve --db postgresql://user:pw@host:5432/db --port 9000",
)(serve_command)
command(
    sharing_app,
    "push",
    "allied sharing push bundle.json --url http://127.0.0.1:9000/api/collections/coalition/ "
    '--key "$USA_KEY"',
)(push_command)
