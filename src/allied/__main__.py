"""``python -m allied`` runs the command line."""

from allied.cli import main

main()
