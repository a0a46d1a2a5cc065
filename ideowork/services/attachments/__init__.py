"""佐证材料: evidence files attached to records (service.py) and their content (store.py)."""
