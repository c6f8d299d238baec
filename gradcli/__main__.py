"""``python -m gradcli`` and the ``gradcli`` console script."""


def main():
    try:
        from .cli import app
        app(prog_name="gradcli")
    except KeyboardInterrupt:
        import sys
        sys.stderr.write("gradcli: interrupted\n")
        raise SystemExit(130)


if __name__ == "__main__":
    main()
