declare module '@cycjimmy/jsmpeg-player' {
  export interface JSMpegPlayerOptions {
    canvas?: HTMLCanvasElement;
    autoplay?: boolean;
    audio?: boolean;
    loop?: boolean;
    pauseWhenHidden?: boolean;
    disableGl?: boolean;
    reconnectInterval?: number;
    onVideoDecode?: (decoder: unknown, time: number) => void;
    onSourceEstablished?: (source: unknown) => void;
    onStalled?: (player: unknown) => void;
  }

  export class Player {
    constructor(url: string, options?: JSMpegPlayerOptions);
    play(): void;
    pause(): void;
    destroy(): void;
  }

  const JSMpeg: { Player: typeof Player };
  export default JSMpeg;
}
