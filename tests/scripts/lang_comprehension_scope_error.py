values = [i * 2 for i in range(3)]
print(values)
print(i)
