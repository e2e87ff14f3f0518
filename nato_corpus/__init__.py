"""nato-corpus: an annotated English news corpus on NATO, Ukraine and defence spending."""

__version__ = "0.1.0"
