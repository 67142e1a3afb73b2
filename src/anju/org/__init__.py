"""The centre itself: its identity and branches (管理部/网点)."""
