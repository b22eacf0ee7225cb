"""`mscos load` and `mscos query`: put validated data in a store, run named queries on it."""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from mscos_kg.queries import Catalog
    from mscos_kg.store.port import Store

STORE_HELP = "memory, a directory (embedded store) or the URL of a SPARQL 1.1 server (default: MSCOS_STORE)."


def _store_spec(store: str | None) -> str:
    if store:
        return store
    from mscos_kg.config import Settings

    return Settings().store


@contextmanager
def _opened(spec: str, *, read_only: bool, update_url: str | None = None) -> Iterator[Store]:
    from mscos_kg.config import Settings
    from mscos_kg.store import StoreError, StoreOptions, open_store
    from mscos_kg.store.factory import credentials_of, is_remote

    if read_only and not is_remote(spec) and spec != "memory" and not Path(spec).is_dir():
        raise click.ClickException(f"no store at {spec}: load data into it first with `mscos load --store {spec} FILE`")
    spec = _through_running_server(spec)
    try:
        settings = Settings()  # the account of a remote store comes from the environment, never the command line
        options = StoreOptions(read_only=read_only, update_url=update_url or settings.store_update_url,
                               credentials=credentials_of(settings))
        store = open_store(spec, options)
    except StoreError as exc:
        text = _store_error_text(exc, spec)
        if "lock" in str(exc).lower():
            text += ("\nAnother process holds the directory (a load, or `mscos serve --in-process`): wait for it or "
                     "stop it. A running `mscos serve` without --in-process is used automatically.")
        raise click.ClickException(text) from exc
    except ValueError as exc:  # a malformed URL (http://, an unclosed [IPv6])
        raise click.ClickException(f"the store {spec!r} is not usable: {exc}; give a folder, memory or an "
                                   "http(s) URL of a SPARQL endpoint with --store") from exc
    try:
        yield store
    finally:
        store.close()


def _store_error_text(exc: Exception, spec: str) -> str:
    """The store's message, with what to do when the store cannot be reached."""
    from mscos_kg.store import StoreUnavailableError
    from mscos_kg.store.factory import is_remote

    if not isinstance(exc, StoreUnavailableError):
        return str(exc)
    if is_remote(spec):
        return f"{exc}; check that the SPARQL server at {spec} is running and reachable, or give another --store"
    return f"{exc}; give a folder you can write with --store (or MSCOS_STORE)"


def _through_running_server(spec: str) -> str:
    """A directory that `mscos serve` is serving is locked by its store server: use the server instead."""
    from mscos_kg.store.factory import is_remote
    from mscos_kg.store.supervisor import running_server

    if spec == "memory" or is_remote(spec):
        return spec
    url = running_server(Path(spec))
    if url is None:
        return spec
    click.echo(f"{spec} is served by a running `mscos serve`: going through its store server at {url}", err=True)
    return url


# ---------------------------------------------------------------------- mscos load
_PHASES = ("read", "validate", "store")


@click.command("load")
@click.option("--store", "store_spec", metavar="DIR|URL", help=STORE_HELP)
@click.option("--submitter", default=None, help="Who submits the data (default: the login name).")
@click.option("--dataset-id", default=None, help="Name of the dataset graph (one FILE only; default: from the data).")
@click.option("--threshold", type=click.IntRange(min=1), default=None, help="Disclosure threshold for validation.")
@click.option("--update-url", default=None, help="SPARQL Update endpoint, when not beside the query endpoint.")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def load_cmd(
    store_spec: str | None,
    submitter: str | None,
    dataset_id: str | None,
    threshold: int | None,
    update_url: str | None,
    files: tuple[Path, ...],
) -> None:
    """Validate partner dataset FILEs and store those that conform, each in its own graph.

    The vocabulary is loaded into a new store first. A dataset that does not conform is not
    stored; the command then exits with status 1 (2 if a file could not be read at all, as
    `mscos validate` does).
    """
    from mscos_kg.config import Settings
    from mscos_kg.resources import ontology_file
    from mscos_kg.store import DatasetRejectedError, NamespaceTakenError, StoreError
    from mscos_kg.store.loading import LoadOptions, load_partner_file, load_vocabulary
    from mscos_kg.validation import DatasetReadError, VocabularyMissingError

    if dataset_id and len(files) > 1:
        raise click.UsageError("--dataset-id names one dataset: give one FILE with it")
    settings = Settings()
    options = LoadOptions(
        submitter=submitter or _login_name(),
        dataset_id=dataset_id,
        threshold=threshold or settings.disclosure_threshold,
        max_bytes=max(settings.max_upload_bytes, *(f.stat().st_size for f in files)),
    )
    failures = unreadable = 0
    spec = _store_spec(store_spec)
    with _opened(spec, read_only=False, update_url=update_url) as store:
        try:
            vocabulary = load_vocabulary(store, Path(str(ontology_file())))
        except (StoreError, OSError) as exc:
            raise click.ClickException(f"could not load the vocabulary: {_store_error_text(exc, spec)}") from exc
        if vocabulary.changed:
            click.echo(f"loaded the vocabulary {vocabulary.record.identifier} into {vocabulary.record.graph.value}")
        with _progress(len(files) * len(_PHASES)) as advance:
            for path in files:
                try:
                    receipt = load_partner_file(store, path, options, progress=advance)
                except DatasetReadError as exc:
                    unreadable += 1
                    click.echo(f"error: {exc}", err=True)
                except NamespaceTakenError as exc:
                    failures += 1
                    click.echo(f"error: {path}: {exc}", err=True)
                except DatasetRejectedError as exc:
                    failures += 1
                    click.echo(f"error: {exc}", err=True)
                    for result in exc.report.results[:20]:
                        if result.severity.value == "Violation":
                            click.echo(f"  - {result.focus_node}: {result.message}", err=True)
                except (StoreError, VocabularyMissingError) as exc:
                    raise click.ClickException(f"{path}: {exc}") from exc
                else:
                    verb = "replaced" if receipt.replaced else "loaded"
                    click.echo(f"{verb} {path} as {receipt.graph.value} ({receipt.record.triples} triples)")
    if unreadable or failures:
        sys.exit(2 if unreadable else 1)


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError) as exc:  # no USER / LOGNAME and a uid without a passwd entry (containers)
        raise click.UsageError("cannot tell the login name: say who submits the data with --submitter") from exc


@contextmanager
def _progress(steps: int) -> Iterator[Callable[[str], None]]:
    """A progress bar on a terminal (stderr); silent otherwise."""
    if not sys.stderr.isatty():
        yield lambda phase: None
        return
    with click.progressbar(length=steps, label="loading", file=sys.stderr, show_pos=True) as bar:

        def advance(phase: str) -> None:
            bar.label = f"loading ({phase}: done)"
            bar.update(1)

        yield advance


# ---------------------------------------------------------------------- mscos query
def _parse_params(values: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise click.UsageError(f"--param takes name=value, got {item!r}")
        if name in out:
            raise click.UsageError(f"parameter '{name}' given twice")
        out[name] = value
    return out


def _list_queries(catalog: Catalog) -> None:
    """Each named query with its title, then the parameters it takes (optional ones in brackets)."""
    for query in catalog.queries.values():
        click.echo(f"{query.name:40} {query.title}")
        for param in query.parameters:
            usage = f"--param {param.name}=<{param.type.value}>"
            if not param.required:
                usage = f"[{usage}]"
            click.echo(f"    {usage:44} {param.description}".rstrip())
    click.echo("\nQueries without a --param line take no parameters. Details: docs/queries.md.")


def _query_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise click.ClickException(f"{path} is not UTF-8 text: save the query as UTF-8") from exc
    except OSError as exc:
        from mscos_kg.cli.output import os_error_text

        raise click.ClickException(f"cannot read {os_error_text(exc, path)}") from exc


@click.command("query")
@click.argument("name", required=False)
@click.option("--store", "store_spec", metavar="DIR|URL", help=STORE_HELP)
@click.option(
    "--file",
    "query_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Run the (read-only) query in this file instead of a named query.",
)
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="A query parameter (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True,
              help="A table for people, CSV, or SPARQL JSON results.")
@click.option("--list", "list_queries", is_flag=True, help="List the named queries and exit.")
def query_cmd(
    name: str | None,
    store_spec: str | None,
    query_file: Path | None,
    params: tuple[str, ...],
    fmt: str,
    list_queries: bool,
) -> None:
    """Run the named query NAME (see --list), or the query in --file, and print its results."""
    from mscos_kg.config import Settings
    from mscos_kg.queries import Catalog, CatalogError, ParameterError, UnknownQueryError, parse_query, run_query
    from mscos_kg.queries.formats import OutputFormat, render
    from mscos_kg.store import StoreError
    from mscos_kg.store.loading import has_vocabulary, load_vocabulary

    catalog = Catalog.load()
    if list_queries:
        _list_queries(catalog)
        return
    if (name is None) == (query_file is None):
        raise click.UsageError("give a query NAME or --file FILE (one of them)")
    try:
        if query_file is not None:
            query = parse_query(query_file.stem, _query_text(query_file), require_header=False)
        else:
            assert name is not None
            query = catalog.get(name)
        bindings_text = _parse_params(params)
        settings = Settings()
        query.parse(bindings_text, base_iri=settings.base_iri)  # exit 2 before opening the store
    except (UnknownQueryError, ParameterError) as exc:
        raise click.UsageError(str(exc)) from exc
    except CatalogError as exc:
        raise click.ClickException(str(exc)) from exc
    spec = _store_spec(store_spec)
    with _opened(spec, read_only=True) as store:
        try:
            if spec == "memory":
                from mscos_kg.resources import ontology_file

                load_vocabulary(store, Path(str(ontology_file())))
            elif not has_vocabulary(store):
                click.echo(f"warning: the store {spec} holds no vocabulary; run `mscos load` first", err=True)
            result = run_query(store, query, bindings_text, base_iri=settings.base_iri)
        except ParameterError as exc:  # an identifier the store does not hold, or of the wrong kind
            raise click.UsageError(str(exc)) from exc
        except StoreError as exc:
            raise click.ClickException(_store_error_text(exc, spec)) from exc
    click.echo(render(result, OutputFormat(fmt)), nl=False)
