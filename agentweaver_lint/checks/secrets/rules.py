"""Metadata and documentation of the SEC rules (the checks live in :mod:`check`)."""

from __future__ import annotations

from agentweaver_lint.model import Severity
from agentweaver_lint.registry import Option, Rule


class ProviderToken(Rule):
    """A token in a provider's own format (GitHub, AWS, Stripe, OpenAI, Slack…).

    ## What it does
    Matches every text file against the secrets catalogue (`rules/secrets.yml`): one
    entry per secret type with a regex, prefilter keywords, an entropy floor, context
    and allowlists. Offline structure checks reject look-alikes: the CRC32 checksum of
    GitHub and npm tokens, the header and `alg` of JWTs, placeholders such as `xxxx` or
    AWS's `...EXAMPLE` keys. The catalogue id is in the finding's `extra`
    (`catalogue_id`); the value is never printed, only a redaction (`ghp_…(40)`).

    ## Why it matters
    A committed token is a live credential for anyone who can read the repository or
    any of its clones, forks and CI logs, until someone rotates it.

    ## Example
    ```python
    GITHUB_TOKEN = "ghp_<36 characters with a valid checksum>"
    ```

    ## Use instead
    ```python
    GITHUB_TOKEN = os.environ["GITHUB_TOKEN"]
    ```

    ## Options
    - `extra_catalogue` (list of paths, default `[]`): more catalogue files in the same
      format as `rules/secrets.yml`; an entry with a built-in id replaces it.
    - `github_checksum` (bool, default `true`): reject GitHub/npm tokens whose checksum
      does not match (made-up look-alikes).

    Provider tokens in test files are still reported at full severity. The catalogue
    file itself (`rules/secrets.yml`, first line `# agentweaver-lint secrets catalogue`)
    is skipped: its examples are synthetic secrets.
    """

    code = "SEC001"
    name = "provider-token"
    family = "SEC"
    non_negotiable = "no-secrets"
    severity = Severity.ERROR
    summary = "A provider token (GitHub, AWS, Stripe, OpenAI…) is hardcoded."
    options = (
        Option("extra_catalogue", list[str], [], "More catalogue files (paths from the root)."),
        Option("github_checksum", bool, True, "Reject GitHub/npm tokens with a bad checksum."),
    )


class PrivateKey(Rule):
    """A private key (PEM of any kind, OpenSSH, PGP, PuTTY) is committed.

    ## What it does
    Reports a private-key block at its `BEGIN` line, also inside strings with escaped
    newlines (JSON, Python). The body must be real base64 with real entropy: code that
    only mentions the marker, truncated documentation (`MIIE...`) and public keys or
    certificates are not reported.

    ## Why it matters
    A private key cannot be revoked by editing the file: it stays in history and must be
    rotated everywhere it is trusted.

    ## Example
    ```text
    -----BEGIN OPENSSH PRIVATE KEY-----
    b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW...
    ```

    ## Use instead
    ```text
    Keep keys in a secret store or CI secret and mount them at run time.
    ```

    ## Options
    None.
    """

    code = "SEC002"
    name = "private-key"
    family = "SEC"
    non_negotiable = "no-secrets"
    severity = Severity.ERROR
    summary = "A private key is committed."


class UrlCredential(Rule):
    """A password inside a URL or connection string.

    ## What it does
    Parses `scheme://user:password@host` URLs of databases and brokers (postgres, mysql,
    mongodb(+srv), redis, amqp, mssql, JDBC…) and HTTP basic auth, and `password=`
    parameters of JDBC/ODBC URLs. Placeholders (`user:password@`, `${DB_PASSWORD}`,
    `<password>`) and passwords equal to the user name are not reported.

    ## Why it matters
    Connection URLs are copied into logs, error messages and dashboards; the password
    travels with them.

    ## Example
    ```python
    DATABASE_URL = "postgresql://app:<the real password>@db.internal:5432/app"
    ```

    ## Use instead
    ```python
    DATABASE_URL = os.environ["DATABASE_URL"]
    ```

    ## Options
    None.
    """

    code = "SEC003"
    name = "url-credential"
    family = "SEC"
    non_negotiable = "no-secrets"
    severity = Severity.ERROR
    summary = "A URL or connection string holds a password."


class GenericSecret(Rule):
    """A password, secret, token or API key assigned a literal value.

    ## What it does
    Reads `name = value` in code and config (Python, JS/TS, Go, Ruby, Java, YAML, JSON,
    TOML, .env, INI, properties, Terraform, Dockerfile, compose, shell, XML, Markdown code
    blocks) where the name holds a secret (`password`, `client_secret`, `apiKey`,
    `SECRET_KEY`, `secret_key_base`, `_authToken`…) and the value looks like one. Also
    `.npmrc`, `.pypirc`, `.netrc`, docker `config.json` auths, Kubernetes `kind: Secret`
    data (decoded), Terraform variable defaults and `Authorization:` headers. Not
    reported: environment and template references, placeholders, empty values,
    declarations, UUIDs, file paths and names that describe a secret (`password_hash`,
    `token_url`, `secret_name`).

    ## Why it matters
    The non-negotiable says: no hardcoded secrets, use environment variables.

    ## Example
    ```python
    SECRET_KEY = "<50 random characters>"
    ```

    ## Use instead
    ```python
    SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
    ```

    ## Options
    - `test_severity` (str, default `info`): severity in test files (fixtures often hold
      fake passwords); the finding still appears in every output.
    """

    code = "SEC004"
    name = "generic-secret"
    family = "SEC"
    non_negotiable = "no-secrets"
    severity = Severity.ERROR
    summary = "A password, secret, token or API key is assigned a literal value."
    options = (Option("test_severity", str, "info", "Severity of SEC004 in test files."),)


class CommittedEnvFile(Rule):
    """A `.env` file with values is committed.

    ## What it does
    Reports `.env`, `.env.local`, `.env.production`, `prod.env`… at line 1 when the file
    holds a secret: a SEC001–SEC004 finding, or a secret-named variable (`DB_PASSWORD`,
    `API_TOKEN`…) given a value that is not a reference or a placeholder. A `.env` of plain
    configuration (`NETBOX_ROOT=/opt/netbox`) is not reported. `.env.example`,
    `.env.sample`, `.env.template`, `.env.dist` and `.env.defaults` are templates and are
    not reported (secrets inside them are still found by SEC001–SEC004).

    ## Why it matters
    `.env` files hold the real values the environment should provide; committed, they
    become hardcoded secrets.

    ## Example
    ```text
    .env   (tracked by git)
    ```

    ## Use instead
    ```text
    .env.example (tracked, placeholders) and .env in .gitignore
    ```

    ## Options
    None.
    """

    code = "SEC005"
    name = "committed-env-file"
    family = "SEC"
    non_negotiable = "no-secrets"
    severity = Severity.ERROR
    summary = "A .env file with values is committed."


class SecretFile(Rule):
    """A file that is a secret by its kind: a keystore, an SSH key, a key file.

    ## What it does
    Reports at line 1 keystores and key bundles (`*.p12`, `*.pfx`, `*.jks`, `*.keystore`,
    `*.bks`, `*.ppk`, `*.kdbx`), SSH private keys (`id_rsa`, `id_ed25519`… not `.pub`),
    `.git-credentials`, `.pgpass`, `.htpasswd`, `.aws/credentials` and Rails
    `config/master.key`. `.pem`/`.key` files holding a private key and Google
    service-account key files are reported where the key is (the `BEGIN` line, the
    `private_key` line), the same line as their SEC002/SEC001 finding.

    ## Why it matters
    Binary keystores cannot be scanned line by line; their presence alone is the leak.

    ## Example
    ```text
    deploy/keystore.jks
    ```

    ## Use instead
    ```text
    Keep keystores in a secret store; add them to .gitignore.
    ```

    ## Options
    None.
    """

    code = "SEC006"
    name = "secret-file"
    family = "SEC"
    non_negotiable = "no-secrets"
    severity = Severity.ERROR
    summary = "A keystore, SSH key or key file is committed."
