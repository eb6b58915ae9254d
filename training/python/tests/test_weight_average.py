import unittest

import torch

from weight_average import WeightAverage


def small_net() -> torch.nn.Module:
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Conv2d(1, 2, 3), torch.nn.BatchNorm2d(2))


class WeightAverageTest(unittest.TestCase):
    def test_average_follows_the_weights_at_its_decay(self):
        net = small_net()
        start = net[0].weight.detach().clone()
        avg = WeightAverage(net, 0.9)
        with torch.no_grad():
            net[0].weight.add_(1.0)
        avg.update(net)
        # 0.9 of the old weight and 0.1 of the new one.
        torch.testing.assert_close(avg.model_state(net)['0.weight'], start + 0.1)
        for _ in range(200):
            avg.update(net)
        torch.testing.assert_close(avg.model_state(net)['0.weight'], start + 1.0)

    def test_buffers_are_the_networks_own(self):
        net = small_net()
        avg = WeightAverage(net, 0.99)
        net[1].running_mean.fill_(3.0)
        state = avg.model_state(net)
        self.assertTrue(torch.equal(state['1.running_mean'], torch.full((2,), 3.0)))
        self.assertEqual(set(state), set(net.state_dict()))
        fresh = small_net()
        fresh.load_state_dict(state)  # loads into the same architecture

    def test_state_round_trip_and_refusals(self):
        net = small_net()
        avg = WeightAverage(net, 0.5)
        with torch.no_grad():
            net[0].bias.add_(2.0)
        avg.update(net)
        again = WeightAverage(small_net(), 0.9)
        again.load_state_dict(avg.state_dict())
        self.assertEqual(again.decay, 0.5)
        torch.testing.assert_close(again.model_state(net)['0.bias'], avg.model_state(net)['0.bias'])
        with self.assertRaisesRegex(ValueError, 'another network'):
            WeightAverage(torch.nn.Linear(2, 2), 0.5).load_state_dict(avg.state_dict())
        with self.assertRaisesRegex(ValueError, r'--ema must be in \(0, 1\)'):
            WeightAverage(net, 1.0)


if __name__ == '__main__':
    unittest.main()
