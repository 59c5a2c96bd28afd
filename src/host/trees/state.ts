/**
 * @file What the decision-tree toolkit keeps in the extension host: the model trained last (held in
 * the engine under its id), the trace panel and the tested-token decorations.
 */
import type { TreesModelSummary } from '../../shared/trees';
import type { ViewPanel } from '../views/viewPanel';
import type { TreeDecorations } from './decorations';

/** The toolkit's state, made once per activation. */
export interface TreesState {
  /** The model trained last; undefined until a training succeeds. */
  summary: TreesModelSummary | undefined;
  readonly panel: ViewPanel;
  readonly decorations: TreeDecorations;
}
