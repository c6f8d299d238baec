# the gradient of x ** e is PyTorch's grad * (e * x.pow(e - 1)) with its own pow: x ** 4's is 4 * x * x * x, x ** 0.5's 0.5 * rsqrt(x), x ** 5's the C library's pow on small tensors and SLEEF's powf on the vector lanes of float32 (float64's vector pow is not ported: 7 elements, all scalar); the same under create_graph (no exponent whose gradients reach x ** 0.5, MKL's square root)
import torch
x = torch.tensor([-0.47301405668258667], requires_grad=True)
(x ** 4).backward(torch.ones(1))
print(x.grad.item())
torch.manual_seed(0)
for dtype, sizes in ((torch.float32, (7, 40)), (torch.float64, (7,))):
    for n in sizes:
        base = torch.rand(n, dtype=dtype) * 3 + 0.05
        g = torch.randn(n, dtype=dtype)
        for e in (4, 5, 1.25, 0.5, -1, -0.5, -1.5, 2.25, 0.1, 7, -3):
            x = base.clone().requires_grad_()
            (x ** e).backward(g)
            print(e, n, x.grad[:7].tolist())
            if n == 7:
                gx, = torch.autograd.grad(x.pow(e), x, g, create_graph=True)
                print(gx.detach().tolist(), torch.autograd.grad(gx.sum(), x)[0].tolist())
y = torch.tensor([0.25, 2.0, 3.5], requires_grad=True)
z = y * 1
z.pow_(4)
z.sum().backward()
print(y.grad.tolist(), torch.square(y).grad_fn)
