"""`mscos token add|remove|list`: manage the partners' bearer tokens (stored hashed)."""

from __future__ import annotations

from pathlib import Path

import click

from mscos_kg.tokens import (
    NamespaceClaimError,
    PartnerIdError,
    TokenFileError,
    check_partner_id,
    load_registry,
    new_token,
    save_registry,
)

_FILE_OPTION = click.option(
    "--tokens-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The hashed tokens file (default: MSCOS_TOKENS_FILE, else ./tokens.json).",
)


def _tokens_path(given: Path | None) -> Path:
    if given is not None:
        return given
    from mscos_kg.config import Settings

    return Settings().tokens_file or Path("tokens.json")


@click.group("token")
def token() -> None:
    """Bearer tokens of the partners who may submit datasets."""


@token.command("add")
@click.argument("partner")
@_FILE_OPTION
@click.option("--replace", is_flag=True, help="Replace the partner's existing token (rotation).")
@click.option(
    "--namespace",
    "namespaces",
    multiple=True,
    help="A namespace (https://.../ ending in / or #) the partner's datasets must lie in; no other "
    "partner may use it. Repeatable; kept when the token is rotated.",
)
def add_cmd(partner: str, tokens_file: Path | None, replace: bool, namespaces: tuple[str, ...]) -> None:
    """Make a token for PARTNER, print it once and store only its SHA-256 hash."""
    path = _tokens_path(tokens_file)
    try:
        check_partner_id(partner)
        registry = load_registry(path)
        registry = registry.with_namespaces(partner, namespaces) if namespaces else registry
    except (PartnerIdError, TokenFileError, NamespaceClaimError) as exc:
        raise click.ClickException(str(exc)) from exc
    if partner in registry.digests and not replace:
        raise click.ClickException(f"partner {partner!r} already has a token; pass --replace to rotate it")
    secret = new_token()
    save_registry(path, registry.with_token(partner, secret))
    click.echo(secret)
    click.echo(
        f"Token for {partner!r} stored hashed in {path}. It is shown only now: give it to the partner.",
        err=True,
    )


@token.command("remove")
@click.argument("partner")
@_FILE_OPTION
def remove_cmd(partner: str, tokens_file: Path | None) -> None:
    """Revoke PARTNER's token."""
    path = _tokens_path(tokens_file)
    try:
        registry = load_registry(path)
    except TokenFileError as exc:
        raise click.ClickException(str(exc)) from exc
    if partner not in registry.digests:
        raise click.ClickException(f"partner {partner!r} has no token in {path}")
    save_registry(path, registry.without(partner))
    click.echo(f"revoked the token of {partner!r}", err=True)


@token.command("list")
@_FILE_OPTION
def list_cmd(tokens_file: Path | None) -> None:
    """List the partners that have a token, with their namespaces (never the tokens)."""
    try:
        registry = load_registry(_tokens_path(tokens_file))
    except TokenFileError as exc:
        raise click.ClickException(str(exc)) from exc
    for partner in registry.partners():
        click.echo(" ".join([partner, *registry.namespaces.get(partner, ())]))
