import torch
loss = torch.tensor(0.123456, requires_grad=True) * 2
x = torch.tensor([1.5, 2.5])
t, name, pi = 99, "gradcli", 3.14159265
print(f"{t}: loss {loss.item():.4f} | {loss.item():>10.3e} | {t:05d} | {t:x} {t:#b} {t:,}")
print(f"{name!r} {name:^12}|{name:*<10}| {pi:.2f} {pi:+.1f} {pi:10.4g}| {0.25:.0%}")
print(f"{x} {x!r} {loss}")
print(f"{loss:.3f} {torch.tensor(7):3d} {torch.tensor(2.5)}")
w, p = 8, 3
print(f"{pi:{w}.{p}f}|{t=}|{pi = :.2f}|{name=!s}|{{braces}}")
print(f"{[1, 2]} {(1,)} {None} {True} {1e-8} {'q' 'r'}" f"{t + 1}")
print("{} and {:.2f} and {name}".format(1, 2.5, name="n"), "{0}{1}{0}".format("a", "b"))
print("{:>6}|{!r}|{:{}}".format("r", "s", 3, 4), "{}".format(x), "{:.2f}".format(torch.tensor(1.0)))
print("%d items, %.3f, %s, %r, %5s|%-5d|%%" % (3, 2.0, "s", "r", "ab", 7))
print("%s and %s" % (x, loss), "%.2f" % torch.tensor(3.14159), "%d" % 3.9, "%x" % 255)
print(f"{x:.2f}")
