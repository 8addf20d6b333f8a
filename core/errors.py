"""Errors raised by the loaders."""


class DataValidationError(ValueError):
    """A data file is missing, corrupt or does not match its declared schema.

    The message always names the file (or upload) and every problem found,
    so that a user sees all that is wrong in one go.
    """
