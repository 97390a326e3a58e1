"""Rule families. Each sub-package exposes ``FAMILY`` (see :mod:`agentweaver_lint.registry`)."""
