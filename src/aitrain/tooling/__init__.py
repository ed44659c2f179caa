"""Author and trainer tooling: the `aitrain` command and what it runs. No notebook imports from here."""
