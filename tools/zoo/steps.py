"""One optimizer step of a next-token model whose loss covers only some positions (the zoo's copy and
Turing-program recipes)."""
import torch
import torch.nn.functional as F


def masked_step(m, opt, logits, ids, mask):
    """Cross-entropy of logits [B,T-1,V] against ids[:, 1:], averaged over the positions where mask[:, :-1] is 1
    (mask [B,T]: 1 where the logits predict a token of the answer); backward, gradient clipping at 1, step.
    Returns the loss."""
    ce = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), ids[:, 1:].reshape(-1), reduction="none")
    loss = (ce * mask[:, :-1].reshape(-1)).sum() / mask.sum()
    opt.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(m.parameters(), 1.0)
    opt.step()
    return loss
