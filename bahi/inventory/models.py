"""Items and services (masters), and later warehouses and stock."""
