"""hippo.InputError: bad input, reported exactly as the CLI reports it."""


class InputError(ValueError):
    """Bad input: an unknown or misspelt scenario key, a value of the wrong type or out of its range,
    an unknown scenario, malformed YAML, an unknown catalog id.

    ``str(error)`` is the one line the CLI prints after ``hippo: `` (and exits 2 for), e.g.
    ``--set: demand.growth_monthly: expected a value in [-1, 10], got 12``. The parts of it:

    - ``file``: the file the value came from (``<builtin>/default.yaml``, a path, ``<text>`` for
      YAML text, ``<dict>`` for a dict) or ``--set`` for an override; None when none applies;
    - ``line``: its line in that file, or None;
    - ``key``: the scenario key (``service.tp``), or None;
    - ``expected``: the message without the place.
    """

    def __init__(self, message, file=None, line=None, key=None, expected=None):
        super().__init__(message)
        self.file = file
        self.line = line
        self.key = key
        self.expected = expected if expected is not None else message


InputError.__module__ = "hippo"  # shown as hippo.InputError in tracebacks
