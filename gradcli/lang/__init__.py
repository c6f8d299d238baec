"""The language: grammar loading, parsing to the AST, and the interpreter."""
