/** transformers.js generation hooks: Vigil's logit shaping, and stopping between tokens when a call is aborted. */
import { LogitsProcessor, LogitsProcessorList, StoppingCriteria, type Tensor } from '@huggingface/transformers';
import { shapeLogits, type LogitShaping } from './onnx-sampling.js';

export class ShapeLogitsProcessor extends LogitsProcessor {
  constructor(
    private readonly shaping: LogitShaping,
    private readonly promptLength: number,
  ) {
    super();
  }

  override _call(inputIds: bigint[][], logits: Tensor): Tensor {
    inputIds.forEach((ids, row) => {
      const rowLogits = (logits as unknown as Tensor[])[row];
      if (!rowLogits) return;
      const generated = ids.slice(this.promptLength).map(Number);
      shapeLogits(rowLogits.data as Float32Array, generated, this.shaping);
    });
    return logits;
  }
}

export function shapingProcessors(shaping: LogitShaping, promptLength: number): LogitsProcessorList {
  const list = new LogitsProcessorList();
  list.push(new ShapeLogitsProcessor(shaping, promptLength));
  return list;
}

export class AbortStoppingCriteria extends StoppingCriteria {
  constructor(private readonly signal: AbortSignal) {
    super();
  }

  override _call(inputIds: number[][]): boolean[] {
    return inputIds.map(() => this.signal.aborted);
  }
}
