/**
 * What a unit publishes to the other side of its relations. The agent gathers it for each
 * unit's relation data; a controller publishes it for the units of its cross-model relations
 * in its exchange file (ops/peers.ts), which is why it sits above both.
 */
export interface UnitFacts {
  unit: string;
  application: string;
  address: string;
  port?: number;
  settings: Record<string, string>;
  /**
   * What the unit set for one relation (its relation-settings.json), keyed by the remote
   * application as the unit sees it; merged over `settings` for that relation only.
   */
  relationSettings?: Record<string, Record<string, string>>;
}

/** A unit's facts with the model it is in, as they cross between models and controllers. */
export type ModelUnitFacts = UnitFacts & { model: string };
