; Inno Setup script: a per-user installer (no admin rights needed on a school office PC).
; installer/build.py passes /DAppVersion=... and /DSourceDir=... from pyproject.toml and the PyInstaller output.
#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\dist\branch-ledger"
#endif

[Setup]
AppId={{6C7B3C1E-5A53-4B1D-9E0B-0B8F1B6C2A11}
AppName=支部台账
AppVersion={#AppVersion}
AppPublisher=Branch Ledger
DefaultDirName={localappdata}\Programs\BranchLedger
DefaultGroupName=支部台账
PrivilegesRequired=lowest
OutputDir=..\dist
OutputBaseFilename=BranchLedger-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=no

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\支部台账"; Filename: "{app}\branch-ledger.exe"
Name: "{userdesktop}\支部台账"; Filename: "{app}\branch-ledger.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "在桌面创建快捷方式"

[Run]
Filename: "{app}\branch-ledger.exe"; Description: "立即启动支部台账"; Flags: nowait postinstall skipifsilent
