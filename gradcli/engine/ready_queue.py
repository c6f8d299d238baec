"""The backward pass's queue of ready nodes, ordered as PyTorch's is.

PyTorch keeps ready nodes in a ``std::priority_queue`` ordered by sequence
number alone. Nodes of equal number (every AccumulateGrad has UINT64_MAX)
leave it in an order fixed by the heap's layout, which depends on every
push and pop before. This queue makes the same moves as libstdc++'s
``push_heap`` and ``pop_heap``, so leaves accumulate (and their hooks run)
in PyTorch's order.
"""
from __future__ import annotations


class ReadyQueue:
    """A max-heap of nodes by ``seq``, moved exactly as libstdc++ moves it."""
    __slots__ = ("heap",)

    def __init__(self):
        self.heap = []

    def __bool__(self):
        return bool(self.heap)

    def top_seq(self):
        return self.heap[0].seq

    def push(self, node):
        heap = self.heap
        heap.append(node)
        self._sift_up(len(heap) - 1, 0, node)

    def _sift_up(self, hole, top, node):
        heap, seq = self.heap, node.seq
        parent = (hole - 1) // 2
        while hole > top and heap[parent].seq < seq:
            heap[hole] = heap[parent]
            hole = parent
            parent = (hole - 1) // 2
        heap[hole] = node

    def pop(self):
        heap = self.heap
        first = heap[0]
        value = heap.pop()
        n = len(heap)
        if n == 0:
            return first
        # __adjust_heap(first, 0, n, value)
        hole = second = 0
        while second < (n - 1) // 2:
            second = 2 * (second + 1)
            if heap[second].seq < heap[second - 1].seq:
                second -= 1
            heap[hole] = heap[second]
            hole = second
        if n % 2 == 0 and second == (n - 2) // 2:
            second = 2 * (second + 1)
            heap[hole] = heap[second - 1]
            hole = second - 1
        self._sift_up(hole, 0, value)
        return first
