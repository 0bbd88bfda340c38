"""Spreadsheet formula injection: a cell whose text begins with =, +, -, @ (or a tab or
carriage return before one) is run as a formula by Excel, LibreOffice and Google Sheets when
the file is opened. Exported text is imported text, and imported text is hostile."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def starts_like_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def neutralised(value: object) -> object:
    """For CSV: such text gets a leading apostrophe, which spreadsheet programs show as text
    and do not evaluate."""
    return f"'{value}" if starts_like_formula(value) else value
