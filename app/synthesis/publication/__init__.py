"""Publishing and withdrawing the synthesis of a consultation's scope."""
