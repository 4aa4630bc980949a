"""The one exception type that means "the user can fix this": the CLI prints it as one line."""


class UserError(Exception):
    """A problem with the user's input or machine, reported without a traceback.

    `exit_code` lets commands distinguish bad input (2) from a missing capability (3).
    """

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code
