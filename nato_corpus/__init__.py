"""nato-corpus: an annotated English news corpus on NATO, Ukraine and defence spending."""

__version__ = "0.2.0"
