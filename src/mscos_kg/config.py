"""The one configuration object.

Read from the environment (prefix MSCOS_) or passed explicitly; never read at import time:
call `Settings()` where the configuration is needed (the CLI and the app factory do).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_BASE_IRI = "https://w3id.org/mscos/"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MSCOS_", frozen=True)

    # Identifiers
    base_iri: str = Field(DEFAULT_BASE_IRI, description="Persistent base of every IRI the vocabulary mints.")

    # Storage: "memory", a directory for the embedded store, or the URL of a SPARQL 1.1 server.
    store: str = Field("data/store", description="memory | DIR | URL of a SPARQL 1.1 server")
    # A remote store's update endpoint and account (Virtuoso: .../sparql-auth with HTTP digest). Give the
    # password in the environment (MSCOS_STORE_PASSWORD), never on a command line; it is never logged.
    store_update_url: str | None = Field(None, description="SPARQL Update endpoint, when not beside the query one.")
    store_user: str | None = Field(None, description="Account for the remote store's update endpoint.")
    store_password: SecretStr | None = Field(None, description="Password of that account.")
    store_auth: Literal["digest", "basic"] = Field("digest", description="HTTP authentication scheme of updates.")
    store_supervised: bool = Field(
        False, description="The URL is the store server `mscos serve` runs for a directory (loads the vocabulary)."
    )
    store_overrun_file: Path | None = Field(
        None, description="Where a read the store server did not stop in time is reported (set by mscos serve)."
    )

    # Validation and privacy
    disclosure_threshold: int = Field(10, ge=1, description="Counts below this must be suppressed.")
    max_upload_bytes: int = Field(10 * 1024 * 1024, ge=1024, description="Largest accepted dataset.")
    validation_timeout_s: float = Field(
        30.0, gt=0, description="Deadline of one validation (POST /validate, /validate.html, PUT /datasets; then 504)."
    )
    validation_memory_mb: int = Field(
        1024, ge=64, description="Resident memory one validation worker may use (then stopped, 413)."
    )

    # SPARQL service limits
    query_timeout_s: float = Field(10.0, gt=0, description="Time limit of one SPARQL query.")
    max_result_rows: int = Field(10_000, ge=1, description="Cap on rows returned by one query.")
    max_query_chars: int = Field(20_000, ge=100, description="Longest accepted query text.")

    # Fair sharing (docs/api.md, "Limits"): expensive requests one client may have running at
    # once in one service process; one more is answered 429 with Retry-After.
    client_sparql: int = Field(2, ge=1, description="/sparql requests one client may have running.")
    client_queries: int = Field(4, ge=1, description="/queries/{name} requests one client may have running.")
    client_reconcile: int = Field(2, ge=1, description="/reconcile batches one client may have running.")
    client_validate: int = Field(1, ge=1, description="Uploads (validate, PUT dataset) one client may have running.")
    cpu_workers: int = Field(
        2, ge=0, le=32, description="Processes per service process for reconciliation and search (0: threads)."
    )
    retry_after_s: int = Field(2, ge=1, description="Retry-After of a 429.")
    trusted_proxies: tuple[str, ...] = Field(
        (), description="Reverse proxies (addresses or networks) whose X-Forwarded-For names the client."
    )

    # Dataset writes: a file every service process sharing the store locks while it checks and writes.
    write_lock_file: Path | None = Field(None, description="Lock file of dataset writes (set by mscos serve).")

    # Shutdown: on SIGTERM running requests get this long before the service ends.
    shutdown_timeout_s: float = Field(8.0, gt=0, le=60, description="Grace period for running requests on SIGTERM.")

    # Partner tokens: a JSON file mapping partner ids to SHA-256 hashes of their bearer tokens.
    tokens_file: Path | None = Field(None, description="Hashed partner tokens (JSON).")
