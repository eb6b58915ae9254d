"""An exponential moving average of a network's weights, kept beside training (train.py --ema).

Runs from scratch on the renders do best on held-out lighting in their middle, while the learning rate is still high
and single steps still swing the weights (docs/MODEL.md, eighth round); an average over the last ~1/(1 - decay) steps
is a smoother point of the same trajectory and costs nothing at inference. It never feeds back into training, so the
raw snapshots of a run with --ema stay what the run without it would have written. BatchNorm buffers are not
averaged: they are copied from the network (bn_calibration.py re-estimates them for the averaged weights anyway).
"""
from __future__ import annotations

import torch


class WeightAverage:
    def __init__(self, model: torch.nn.Module, decay: float):
        if not 0 < decay < 1:
            raise ValueError(f'--ema must be in (0, 1), got {decay}')
        self.decay = decay
        self.params = {n: p.detach().clone() for n, p in model.named_parameters()}

    @torch.no_grad()
    def update(self, model: torch.nn.Module) -> None:
        for n, p in model.named_parameters():
            self.params[n].mul_(self.decay).add_(p.detach(), alpha=1 - self.decay)

    def model_state(self, model: torch.nn.Module) -> dict[str, torch.Tensor]:
        """The network's state dict with the averaged weights in place of its own (buffers as they are)."""
        return {n: self.params[n].clone() if n in self.params else t.clone() for n, t in model.state_dict().items()}

    def state_dict(self) -> dict:
        return {'decay': self.decay, 'params': self.params}

    def load_state_dict(self, state: dict) -> None:
        if set(state['params']) != set(self.params):
            raise ValueError('the saved weight average belongs to another network')
        self.decay = state['decay']
        self.params = {n: t.clone() for n, t in state['params'].items()}
