import type { ChannelsConfig } from '../config/index.js';
import type { Channel } from './channel.js';

export type ChannelKind = keyof ChannelsConfig;
export const CHANNEL_KINDS: readonly ChannelKind[] = ['email', 'webhook', 'robot'];

/** Builds one channel from its vigil.yaml entry; the channel's id must be "KIND:ID". */
export type ChannelFactory<K extends ChannelKind> = (config: ChannelsConfig[K][number]) => Channel;
export type ChannelFactories = { [K in ChannelKind]?: ChannelFactory<K> };

/** The notify target a rule writes for a configured channel: "email:ehs". */
export const channelTarget = (kind: ChannelKind, id: string): string => `${kind}:${id}`;

export interface BuiltChannels {
  channels: Map<string, Channel>;
  /** Configured targets whose kind has no factory in this build; their deliveries fail as unconfigured. */
  unsupported: string[];
}

/** The channels vigil.yaml configures, built by the factories given. */
export function buildChannels(config: ChannelsConfig, factories: ChannelFactories): BuiltChannels {
  const channels = new Map<string, Channel>();
  const unsupported: string[] = [];
  const build = <K extends ChannelKind>(kind: K): void => {
    const factory = factories[kind] as ChannelFactory<K> | undefined;
    for (const entry of config[kind] as ChannelsConfig[K][number][]) {
      const target = channelTarget(kind, entry.id);
      if (!factory) {
        unsupported.push(target);
        continue;
      }
      const channel = factory(entry);
      if (channel.id !== target) throw new Error(`the ${kind} channel factory built "${channel.id}" for ${target}`);
      channels.set(target, channel);
    }
  };
  for (const kind of CHANNEL_KINDS) build(kind);
  return { channels, unsupported };
}

/** A list or a map of channels, keyed by channel id. */
export function channelMap(channels: Iterable<Channel> | ReadonlyMap<string, Channel>): Map<string, Channel> {
  if (channels instanceof Map) return new Map(channels as ReadonlyMap<string, Channel>);
  const map = new Map<string, Channel>();
  for (const channel of channels as Iterable<Channel>) {
    if (map.has(channel.id)) throw new Error(`two channels share the id ${channel.id}`);
    map.set(channel.id, channel);
  }
  return map;
}
