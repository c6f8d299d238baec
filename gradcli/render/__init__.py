"""Views of results: PyTorch text, Rich panels, JSON."""
