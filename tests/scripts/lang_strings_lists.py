words = "  Hello, gradcli world  ".strip().split(", ")
print(words, "-".join(words), "abc".upper(), "ABC".lower(), "a.b.c".split("."), "x".join(["1", "2"]))
s = "hello world"
print(s.replace("o", "0"), s.startswith("he"), s.endswith("x"), s.count("o"), s.find("w"), s.find("z"))
print(s.ljust(14) + "|", s.rjust(14), s.center(15, "*"), "7".zfill(3), s.title(), s[::-1], s[1:4], s[-3:])
print("{}-{}".format("a", 1), "a,b,,c".split(","), " x ".lstrip(), " x ".rstrip() + "|", s.index("w"))
a = [3, 1, 2]
a.append(5)
a.extend([7, 8])
a.insert(0, 9)
print(a, a.pop(), a.pop(0), a.index(2), a.count(1))
a.sort()
print(a)
a.reverse()
print(a, a[1:3], a[::2], a[-1], a.copy() == a, a.copy() is a)
a.remove(3)
b = a * 2 + [0]
b[1:3] = [10, 20, 30]
print(a, b, len(b))
d = {"x": 1}
d.update({"y": 2}, z=3)
print(d.setdefault("x", 5), d.setdefault("w", 0), d, d.pop("w"), d.copy(), list(d.items()))
t = (1, 2, 2)
print(t.count(2), t.index(2), t[1:], t + (3,), t * 2, "ab" * 3, 2 * [0])
x, y = 1, 2
x, y = y, x
(p, q), r = (1, 2), 3
print(x, y, p, q, r)
print("a" < "b", [1, 2] < [1, 3], (1, 2) == (1, 2), "ab" in "cabd", "z" not in "abc")
