import unittest

from torch.utils.data import DataLoader

from resumable_sampler import ResumableSampler


class ResumableSamplerTest(unittest.TestCase):
    def epoch(self, skip_batches: int, rank: int = 0, world: int = 1) -> list[list[int]]:
        data = list(range(50))
        sampler = ResumableSampler(data, num_replicas=world, rank=rank, shuffle=True, seed=3, drop_last=True)
        sampler.set_epoch(2)
        sampler.skip_next(skip_batches * 4)
        return [batch.tolist() for batch in DataLoader(data, batch_size=4, sampler=sampler, drop_last=True)]

    def test_a_resumed_epoch_goes_on_where_the_interrupted_one_stopped(self):
        full = self.epoch(0)
        self.assertEqual(len(full), 12)
        for rank in (0, 1):
            whole = self.epoch(0, rank, 2)
            self.assertEqual(self.epoch(2, rank, 2), whole[2:])
        self.assertEqual(self.epoch(5), full[5:])

    def test_only_the_next_epoch_is_shortened(self):
        data = list(range(20))
        sampler = ResumableSampler(data, num_replicas=1, rank=0, shuffle=True, seed=0, drop_last=True)
        sampler.skip_next(8)
        self.assertEqual(len(list(iter(sampler))), 12)
        self.assertEqual(len(list(iter(sampler))), 20)

    def test_refuses_a_negative_skip(self):
        sampler = ResumableSampler(list(range(4)), num_replicas=1, rank=0)
        with self.assertRaisesRegex(ValueError, 'cannot skip -1'):
            sampler.skip_next(-1)


if __name__ == '__main__':
    unittest.main()
