// The dashboard speaks only the server's published contracts; these are type-only imports, erased at build time.
export type {
  AlertDetailDto,
  AlertDto,
  AlertEventDto,
  AlertObservationDto,
  AlertPageDto,
  EvidenceDto,
} from '../../../server/src/contracts/alert-dto.js';
export type { AlertActionBody } from '../../../server/src/contracts/alert-requests.js';
export type {
  ApiTokenCreatedDto,
  ApiTokenDto,
  ApiTokenListDto,
  MeDto,
  SetupBody,
  SetupStatusDto,
  SignedInDto,
  TokenCreate,
  UserCreate,
  UserDto,
  UserListDto,
  UserUpdate,
} from '../../../server/src/contracts/access-dto.js';
export type { CameraDto, CameraListDto, CameraStatusDto, PublishTokenDto, ZoneDto } from '../../../server/src/contracts/camera-dto.js';
export type { ZonesUpdate } from '../../../server/src/contracts/camera-requests.js';
export type { BoxDto } from '../../../server/src/contracts/common.js';
export type { ErrorDto, FieldErrorDto } from '../../../server/src/contracts/error-dto.js';
export type { LiveOptionsDto, SdpAnswerDto, SdpOfferDto } from '../../../server/src/contracts/live-video-dto.js';
export type { ModelWindowDto, ReasonerHealthDto, ReasoningDto } from '../../../server/src/contracts/reasoning-dto.js';
export type { RuleDto, RuleErrorDto, RulePackDto, RulePackListDto } from '../../../server/src/contracts/rule-pack-dto.js';
export type { ClientToServerEvents, ServerToClientEvents } from '../../../server/src/contracts/socket-events.js';
export type { StageLatencyDto, SystemDto } from '../../../server/src/contracts/system-dto.js';

import type { AlertDto } from '../../../server/src/contracts/alert-dto.js';
import type { CameraStatusDto } from '../../../server/src/contracts/camera-dto.js';
import type { MeDto, TokenScopeDto, UserRoleDto } from '../../../server/src/contracts/access-dto.js';

export type Severity = AlertDto['severity'];
export type AlertStatus = AlertDto['status'];
export type CameraState = CameraStatusDto['state'];
export type AlertAction = 'ack' | 'resolve' | 'false-positive';
export type Role = UserRoleDto;
export type Scope = TokenScopeDto;
export type Principal = MeDto['principal'];
