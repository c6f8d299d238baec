"""``torch.nn`` modules, ``nn.Parameter`` and ``torch.optim`` optimizers as
values of the language: objects with their own attribute tables (never
Python classes of the script), built on ops/ and engine/."""
