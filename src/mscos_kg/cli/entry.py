"""`python -m mscos_kg.cli.entry` runs the `mscos` command (for environments without the script)."""

from mscos_kg.__main__ import main

if __name__ == "__main__":
    main()
